import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

// Mutants that change only what a message says: the text of an error or of an issue. Tests
// assert error classes, codes and JSON pointers, never message wording (STYLE.md), so such a
// mutant survives by design and says nothing about the tests. Stryker marks them Ignored (with
// this reason) and leaves them out of the score. Only the message text is ignored: a condition
// inside a template's `${...}` that decides something is still mutated elsewhere.

const REASON = 'message-only: the text of an error or issue message (tests assert codes, not wording)';

function isText(path) {
  return path.isStringLiteral() || path.isTemplateLiteral();
}

function isMessageProperty(parent) {
  return (
    parent?.isObjectProperty() &&
    !parent.node.computed &&
    ((parent.node.key.type === 'Identifier' && parent.node.key.name === 'message') ||
      (parent.node.key.type === 'StringLiteral' && parent.node.key.value === 'message'))
  );
}

// `new XError(code, 'message', ...)`, or `new Error('message')` and the glob compiler's
// `new GlobSyntaxError('message')` (an Error with no code): the message argument.
function isErrorMessageArgument(path) {
  const parent = path.parentPath;
  if (!parent?.isNewExpression()) return false;
  const callee = parent.node.callee;
  if (callee.type !== 'Identifier' || !callee.name.endsWith('Error')) return false;
  const index = parent.node.arguments.indexOf(path.node);
  return callee.name === 'Error' || callee.name === 'GlobSyntaxError' ? index === 0 : index === 1;
}

// Functions and `this` methods that take a message text as one argument: by name, the index of
// that argument. Their other arguments (the field an error names, a code, a position, a
// pointer) are not ignored: tests assert them.
const MESSAGE_ARGUMENT = new Map([
  ['invalidArgument', 1], // invalidArgument(what, 'problem'): attest's argument checks
  ['report', 2], // report(code, position, 'message'): ledger verify's issue collector
  ['malformedRow', 1], // malformedRow(pointer, 'why'): core's LedgerProjection.restore
  ['this.corrupt', 1], // this.corrupt(position, 'why'): the ledger ChainReader's CORRUPT error
]);

// `name(...)` or `this.name(...)`; undefined for any other callee.
function calleeName(callee) {
  if (callee.type === 'Identifier') return callee.name;
  if (
    callee.type === 'MemberExpression' &&
    callee.object.type === 'ThisExpression' &&
    callee.property.type === 'Identifier'
  )
    return `this.${callee.property.name}`;
  return undefined;
}

function isMessageArgument(path) {
  const parent = path.parentPath;
  if (!parent?.isCallExpression()) return false;
  const name = calleeName(parent.node.callee);
  return name !== undefined && MESSAGE_ARGUMENT.get(name) === parent.node.arguments.indexOf(path.node);
}

// A message chosen by a condition (`ok ? 'a' : 'b'`, `a ?? 'b'`) is still only a message.
function messageHolder(path) {
  let p = path;
  while (p.parentPath?.isConditionalExpression() || p.parentPath?.isLogicalExpression()) {
    if (p.parentPath.isConditionalExpression() && p.key === 'test') return p;
    p = p.parentPath;
  }
  return p;
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'message-only', {
    shouldIgnore(path) {
      if (!isText(path)) return undefined;
      const holder = messageHolder(path);
      if (isMessageProperty(holder.parentPath) || isErrorMessageArgument(holder) || isMessageArgument(holder))
        return REASON;
      return undefined;
    },
  }),
];
