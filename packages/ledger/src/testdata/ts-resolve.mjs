// Lets plain `node` run the TypeScript sources (Node strips the types itself): a relative
// `./x.js` import that does not exist resolves to `./x.ts`. Registered by register-ts.mjs
// for the child processes of the fault tests.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    if (e?.code === 'ERR_MODULE_NOT_FOUND' && specifier.startsWith('.') && specifier.endsWith('.js'))
      return next(`${specifier.slice(0, -3)}.ts`, context);
    throw e;
  }
}
