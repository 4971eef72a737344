// The shell reads process.env (webpack's node polyfills provide it in the dashboard).
export const process = { env: { NODE_ENV: 'production' } };
