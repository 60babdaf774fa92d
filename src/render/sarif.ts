import type { Finding, RuleMeta } from '../core/lint/types.js';

/** SARIF 2.1.0 as GitHub code scanning accepts it (github/codeql-action/upload-sarif). */
export function renderSarif(findings: readonly Finding[], rules: readonly RuleMeta[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const level = { error: 'error', warning: 'warning', info: 'note' } as const;
  const fingerprints = fingerprintsOf(findings, new Map(rules.map((r) => [r.id, r.identifiedBy ?? []])));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gatehouse',
            version,
            informationUri: 'https://github.com/gatehouse-nhi/gatehouse',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.title.replace(/[^A-Za-z0-9]+/g, ' ').trim(),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              help: { text: `${r.description}\n\nFix: ${r.fix}`, markdown: `${r.description}\n\n**Fix:** ${r.fix}\n\nFrameworks: ${r.frameworks.join(', ')}` },
              defaultConfiguration: { level: level[r.severity] },
              properties: { tags: [r.category, ...r.frameworks], 'security-severity': r.severity === 'error' ? '8.0' : r.severity === 'warning' ? '5.0' : '2.0' },
            })),
          },
        },
        results: findings.map((f, i) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? 0,
          level: level[f.severity],
          message: { text: f.message },
          properties: { messageId: f.messageId, data: f.data, path: f.path },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: fileUri(f.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line ?? 1, startColumn: f.column ?? 1 },
              },
            },
          ],
          partialFingerprints: { 'gatehouse/v2': fingerprints[i] },
        })),
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** SARIF locations are URI references: a file named `50%.yaml` must travel as `50%25.yaml`. */
function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * What identifies a finding from one run to the next: rule, message id, file, document path and the
 * data its rule names as identifying (`identifiedBy`), never the rendered text, which may change
 * daily ("last reviewed 29 days ago") and would make code scanning close and reopen the alert.
 * Findings alike in all of these are told apart by their order.
 */
function fingerprintsOf(findings: readonly Finding[], identifiedBy: ReadonlyMap<string, readonly string[]>): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const identifying = (identifiedBy.get(f.ruleId) ?? []).map((name) => f.data[name] ?? '');
    const key = [f.ruleId, f.messageId, f.file, f.path.join('.'), ...identifying].join(':');
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? key : `${key}:${count}`;
  });
}
