import type { Finding, RuleMeta } from '../core/lint/types.js';

/** SARIF 2.1.0 as GitHub code scanning accepts it (github/codeql-action/upload-sarif). */
export function renderSarif(findings: readonly Finding[], rules: readonly RuleMeta[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const level = { error: 'error', warning: 'warning', info: 'note' } as const;
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
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? 0,
          level: level[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: fileUri(f.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line ?? 1, startColumn: f.column ?? 1 },
              },
            },
          ],
          partialFingerprints: { 'gatehouse/v1': `${f.ruleId}:${f.file}:${f.identity ?? ''}:${f.message}` },
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
