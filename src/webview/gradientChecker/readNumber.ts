// One typed number, and the failure every reader of typed tensors throws: shared by parseMatrix's notations.
// Every message is meant for the person typing: which cell, what was expected.

/** A parse error with a message for the person typing; parseMatrix turns it into { ok: false, message }. */
export class ParseFailure extends Error {}
export const fail = (message: string): never => {
  throw new ParseFailure(message);
};

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NOT_FINITE = /^[+-]?(?:nan|inf|infinity|∞)$/i;

/** One cell: a decimal number, optionally a fraction a/b; the Unicode minus counts as '-'. */
export function readNumber(raw: string, where: string): number {
  const token = raw.trim().replace(/[−–]/g, '-');
  if (token === '') fail(`Missing number ${where}.`);
  if (NOT_FINITE.test(token)) fail(`${raw.trim()} ${where} is not a finite number; a gradient check needs finite values.`);
  const fraction = /^([^/]+)\/([^/]+)$/.exec(token);
  if (fraction) {
    const num = readNumber(fraction[1], where);
    const den = readNumber(fraction[2], where);
    if (den === 0) fail(`Division by zero in ${raw.trim()} ${where}.`);
    return num / den;
  }
  if (!NUMBER.test(token)) fail(`Cannot read "${raw.trim()}" ${where} as a number.`);
  const value = Number(token);
  if (!Number.isFinite(value)) fail(`${raw.trim()} ${where} is too large to be a finite number.`);
  return value;
}
