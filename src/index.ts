export * from './ami-lookup';
