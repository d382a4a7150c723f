// What the engine says about a layer: a stable code (scripts and quick fixes key on it), a message that names
// the rule and the numbers, and, where one number would make it fit, that number as a proposed fix.

export type Severity = 'error' | 'warning' | 'info';

export interface ProposedFix {
  /** The constructor argument to change, by PyTorch keyword name (`in_features`, `stride`, …). */
  readonly arg: string;
  readonly value: number | string | boolean | number[];
  readonly description: string;
}

export interface EngineDiagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly fix?: ProposedFix;
}

/** Thrown by a layer rule when PyTorch would raise; caught by the registry and returned as an outcome. */
export class LayerError extends Error {
  constructor(readonly code: string, message: string, readonly fix?: ProposedFix) {
    super(message);
  }
  toDiagnostic(): EngineDiagnostic {
    return { severity: 'error', code: this.code, message: this.message, fix: this.fix };
  }
}

export const fail = (code: string, message: string, fix?: ProposedFix): never => {
  throw new LayerError(code, message, fix);
};

/** Raised when a value the rule needs is not known statically; the registry turns it into an "unknown" outcome. */
export class UnknownValueError extends Error {}
