export * from './ami-lookup';
export * from './image-order';
export * from './refresh';
