/**
 * The error raised for an invalid run configuration, carrying every problem found.
 *
 * Method: `parseConfig` collects one `ConfigIssue` per problem (never stopping at the first)
 * and throws a single `ConfigError` holding all of them; its message lists them one per line,
 * so a user can fix a file in one pass.
 *
 * Conventions: `path` addresses the offending field in the configuration's JSON, written as
 * `algorithm.gamma`, `times[3]` or `init.overlap[1][0]`; the empty path means the whole
 * configuration. `received` is a short rendering of the value found ("missing" when absent),
 * `allowed` says what would be accepted. `beyondSchema` marks rules that
 * schema/config.schema.json cannot express (cross-field rules, data-file contents, and
 * non-finite numbers, which JSON text cannot hold). The error extends `InputError`, which the
 * CLI maps to exit code 2.
 */
import { InputError } from '../solvers/trajectory.ts';

/** One problem with one field of a configuration. */
export interface ConfigIssue {
  path: string;
  /** A complete sentence naming the value received and what is allowed. */
  message: string;
  received: string;
  allowed: string;
  /** True for rules the JSON Schema cannot express (see the module comment). */
  beyondSchema?: boolean;
}

/** How many issues the message spells out; `issues` always holds all of them. */
const LISTED_ISSUES = 50;

/** An invalid configuration, with every issue found. */
export class ConfigError extends InputError {
  override name = 'ConfigError';
  readonly issues: ConfigIssue[];
  readonly source?: string;

  constructor(issues: ConfigIssue[], source?: string) {
    if (!Array.isArray(issues) || issues.length === 0) {
      throw new RangeError('issues must be a non-empty array of ConfigIssue');
    }
    super(formatIssues(issues, source));
    this.issues = issues;
    this.source = source;
  }
}

/** The readable multi-line message: a heading, then one indented line per issue. */
function formatIssues(issues: ConfigIssue[], source?: string): string {
  const where = source === undefined ? '' : ` in ${source}`;
  const count = issues.length === 1 ? '1 issue' : `${issues.length} issues`;
  const lines = [`Invalid configuration${where}: ${count}`];
  for (const issue of issues.slice(0, LISTED_ISSUES)) {
    lines.push(`  - ${issue.path === '' ? '(configuration)' : issue.path}: ${issue.message}`);
  }
  if (issues.length > LISTED_ISSUES) {
    lines.push(`  … and ${issues.length - LISTED_ISSUES} more (see the error's issues)`);
  }
  return lines.join('\n');
}
