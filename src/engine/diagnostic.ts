// What the engine says about a layer: a stable code (scripts and quick fixes key on it), a message that names
// the rule and the numbers, and, where one number would make it fit, that number as a proposed fix.

export type Severity = 'error' | 'warning' | 'info';

export interface ProposedFix {
  /** The constructor argument to change, by PyTorch keyword name (`in_features`, `stride`, …). */
  readonly arg: string;
  readonly value: number | string | boolean | number[];
  readonly description: string;
}

/**
 * A mismatch as data: which argument, the value the layer was built with, and the value the input needs (the fix).
 * The analysis composes its own message from these ("Linear expects 2,800 input features but receives 2,880 =
 * 20·12·12 (flatten at line 17)"), never by reading the message text.
 */
export interface Mismatch {
  readonly arg: string;
  readonly expected: unknown;
  readonly got: ProposedFix['value'];
}

export interface EngineDiagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly fix?: ProposedFix;
  readonly mismatch?: Mismatch;
}

/**
 * An exception used as an outcome, not a bug: thrown and caught thousands of times in one analysis, so it captures
 * no stack trace (capturing one was a tenth of a large file's analysis time).
 */
export class QuietError extends Error {
  constructor(message?: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** Thrown by a layer rule when PyTorch would raise; caught by the registry and returned as an outcome. */
export class LayerError extends QuietError {
  constructor(readonly code: string, message: string, readonly fix?: ProposedFix) {
    super(message);
  }
  /** As a diagnostic; with the bound arguments, a fix of one of them also says what it was (the mismatch). */
  toDiagnostic(args?: Readonly<Record<string, unknown>>): EngineDiagnostic {
    const mismatch = this.fix && args && this.fix.arg in args ? { arg: this.fix.arg, expected: args[this.fix.arg], got: this.fix.value } : undefined;
    return { severity: 'error', code: this.code, message: this.message, fix: this.fix, ...(mismatch ? { mismatch } : {}) };
  }
}

export const fail = (code: string, message: string, fix?: ProposedFix): never => {
  throw new LayerError(code, message, fix);
};

/** Raised when a value the rule needs is not known statically; the registry turns it into an "unknown" outcome. */
export class UnknownValueError extends QuietError {}
