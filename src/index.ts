export * from './ami-lookup';
export * from './ami-lookup-monitor';
export * from './image-order';
export * from './monitor-schedule';
export * from './refresh';
export * from './repair';
