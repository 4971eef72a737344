export * from './events';
export * from './client-messages';
export * from './parse';
export * from './views';
export * from './mcp-meta';
export * from './http-api';
