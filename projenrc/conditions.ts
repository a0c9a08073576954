/**
 * A task condition that holds when `file` does not exist. In node, not `test ! -f`: projen runs
 * conditions in a built-in shell whose `test` takes no `!` ("expected 2 arguments"), so such a
 * condition is always false.
 */
export const missing = (file: string) => `node -e "process.exit(require('fs').existsSync('${file}') ? 1 : 0)"`;
