// Under jest, a plain preset (the shell's test config wants plugins it does not ship); otherwise the shell's.
module.exports = function(api) {
  if (process.env.NODE_ENV === 'test') {
    api.cache(true);

    return {
      presets: [
        ['@babel/preset-env', { targets: { node: 'current' } }],
        '@babel/preset-typescript',
      ],
    };
  }

  return require('@rancher/shell/babel.config.js')(api);
};
