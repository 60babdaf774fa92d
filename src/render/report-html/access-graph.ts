/**
 * The access graph: workloads → identities → accounts → AWS services, laid out by dagre (a
 * layered graph layout) and drawn by Vega, so "who can reach prod" is one picture. Identities
 * with a privilege-escalation finding are outlined red, trust from another account is an orange
 * dashed edge, production accounts are red. A large repository shows its riskiest identities
 * (escalation, cross-account, prod) and says how many it left out; the inventory has them all.
 */
import dagre from '@dagrejs/dagre';
import type { Spec } from 'vega';
import type { IdentityDetail, ReportSite } from '../../core/lifecycle/report-site.js';
import { FONT, vegaSvg } from './vega.js';

/** Identities drawn at most: beyond this a layered picture stops being readable. */
export const MAX_GRAPH_IDENTITIES = 60;

type NodeKind = 'workload' | 'identity' | 'account' | 'service';
interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: NodeKind;
  /** Fill and stroke, decided by what the node is. */
  readonly fill: string;
  readonly stroke: string;
  readonly strokeWidth: number;
}
interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'trust' | 'cross-account' | 'grant' | 'prod' | 'escalation' | 'service';
}

const TIER_FILL: Readonly<Record<string, string>> = { low: '#e6f4ea', medium: '#fdf3d0', high: '#feead6', critical: '#fde2e1' };
const EDGE_STYLE: Readonly<Record<GraphEdge['kind'], { stroke: string; width: number; dash: string }>> = {
  trust: { stroke: '#94a3b8', width: 1.2, dash: '' },
  'cross-account': { stroke: '#e8710a', width: 2, dash: '5,3' },
  grant: { stroke: '#94a3b8', width: 1.2, dash: '' },
  prod: { stroke: '#b91c1c', width: 1.6, dash: '' },
  escalation: { stroke: '#c5221f', width: 2.6, dash: '' },
  service: { stroke: '#cbd5e1', width: 1, dash: '' },
};

/** Riskiest first: escalation, then cross-account trust, then production, then score. */
function priority(detail: IdentityDetail): number {
  return (detail.escalation ? 4000 : 0) + (detail.crossAccount ? 2000 : 0) + (detail.row.environment === 'prod' ? 1000 : 0) + (detail.row.risk?.score ?? 0);
}

export function graphIdentities(site: ReportSite): IdentityDetail[] {
  if (site.details.length <= MAX_GRAPH_IDENTITIES) return [...site.details];
  return [...site.details].sort((a, b) => priority(b) - priority(a) || a.row.name.localeCompare(b.row.name)).slice(0, MAX_GRAPH_IDENTITIES);
}

function buildGraph(details: readonly IdentityDetail[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const node = (n: GraphNode) => nodes.set(n.id, nodes.get(n.id) ?? n);
  const edge = (e: GraphEdge) => {
    const key = `${e.from}→${e.to}`;
    const existing = edges.get(key);
    // The more alarming style wins when two identities share an edge.
    if (!existing || EDGE_STYLE[e.kind].width > EDGE_STYLE[existing.kind].width) edges.set(key, e);
  };
  for (const detail of details) {
    const { row } = detail;
    const prod = row.environment === 'prod';
    const workload = `w:${detail.workloadGroup}`;
    const identity = `i:${row.name}`;
    const account = `a:${row.account}`;
    node({ id: workload, label: detail.workloadGroup, kind: 'workload', fill: '#f1f5f9', stroke: '#94a3b8', strokeWidth: 1 });
    node({
      id: identity,
      label: row.name,
      kind: 'identity',
      fill: TIER_FILL[row.risk?.tier ?? ''] ?? '#ffffff',
      stroke: detail.escalation ? '#c5221f' : '#64748b',
      strokeWidth: detail.escalation ? 2.5 : 1,
    });
    node({ id: account, label: `${row.account} (${row.environment ?? 'unknown'})`, kind: 'account', fill: prod ? '#b91c1c' : '#e2e8f0', stroke: prod ? '#7f1d1d' : '#94a3b8', strokeWidth: 1 });
    edge({ from: workload, to: identity, kind: detail.crossAccount ? 'cross-account' : 'trust' });
    edge({ from: identity, to: account, kind: detail.escalation ? 'escalation' : prod ? 'prod' : 'grant' });
    for (const service of detail.services) {
      const id = `s:${service}`;
      node({ id, label: service === '*' ? '* (every service)' : service, kind: 'service', fill: '#ffffff', stroke: '#94a3b8', strokeWidth: 1 });
      edge({ from: account, to: id, kind: 'service' });
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const NODE_HEIGHT = 22;
const CHAR_WIDTH = 6.4;
const COLUMN_TITLES: readonly [NodeKind, string][] = [
  ['workload', 'Workloads'],
  ['identity', 'Identities'],
  ['account', 'Accounts'],
  ['service', 'Services'],
];

function pathOf(points: readonly { x: number; y: number }[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  if (rest.length === 2) return `M${first.x},${first.y}Q${rest[0]!.x},${rest[0]!.y} ${rest[1]!.x},${rest[1]!.y}`;
  return `M${first.x},${first.y}${rest.map((p) => `L${p.x},${p.y}`).join('')}`;
}

export async function renderAccessGraph(site: ReportSite): Promise<string> {
  const shown = graphIdentities(site);
  if (shown.length === 0) return '<p class="note">No identities.</p>';
  const { nodes, edges } = buildGraph(shown);
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 6, ranksep: 90, marginx: 8, marginy: 28 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: Math.round(n.label.length * CHAR_WIDTH + 20), height: NODE_HEIGHT });
  for (const e of edges) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const laid = nodes.map((n) => {
    const box = g.node(n.id);
    return { ...n, x: box.x - box.width / 2, y: box.y - box.height / 2, width: box.width, height: box.height, cx: box.x, textColor: n.kind === 'account' && n.fill === '#b91c1c' ? '#ffffff' : '#0f172a' };
  });
  const paths = edges.map((e) => ({ d: pathOf(g.edge(e.from, e.to).points ?? []), ...EDGE_STYLE[e.kind] }));
  const columns = COLUMN_TITLES.flatMap(([kind, title]) => {
    const xs = laid.filter((n) => n.kind === kind).map((n) => n.cx);
    return xs.length === 0 ? [] : [{ title, x: xs.reduce((a, b) => a + b, 0) / xs.length }];
  });
  const size = g.graph();
  const spec: Spec = {
    width: Math.ceil(size.width ?? 600),
    height: Math.ceil(size.height ?? 400),
    background: null as unknown as string,
    data: [
      { name: 'edges', values: paths },
      { name: 'nodes', values: laid },
      { name: 'columns', values: columns },
    ],
    marks: [
      { type: 'text', from: { data: 'columns' }, encode: { enter: { x: { field: 'x' }, y: { value: 12 }, text: { field: 'title' }, align: { value: 'center' }, font: { value: FONT }, fontSize: { value: 12 }, fontWeight: { value: 'bold' }, fill: { value: '#334155' } } } },
      {
        type: 'path',
        from: { data: 'edges' },
        encode: { enter: { path: { field: 'd' }, stroke: { field: 'stroke' }, strokeWidth: { field: 'width' }, strokeDash: { signal: "datum.dash ? split(datum.dash, ',') : []" }, fill: { value: null } } },
      },
      {
        type: 'rect',
        from: { data: 'nodes' },
        encode: { enter: { x: { field: 'x' }, y: { field: 'y' }, width: { field: 'width' }, height: { field: 'height' }, fill: { field: 'fill' }, stroke: { field: 'stroke' }, strokeWidth: { field: 'strokeWidth' }, cornerRadius: { value: 4 } } },
      },
      {
        type: 'text',
        from: { data: 'nodes' },
        encode: { enter: { x: { field: 'cx' }, y: { signal: 'datum.y + datum.height / 2' }, text: { field: 'label' }, align: { value: 'center' }, baseline: { value: 'middle' }, font: { value: FONT }, fontSize: { value: 11 }, fill: { field: 'textColor' } } },
      },
    ],
  };
  const svg = await vegaSvg(spec);
  const left = site.details.length - shown.length;
  const note =
    left > 0
      ? `<p class="note">Showing the ${shown.length} riskiest of ${site.details.length} identities (privilege-escalation paths first, then cross-account trust, then production, then risk score); ${left} more are in the inventory.</p>`
      : '';
  const legend =
    '<div class="legend"><span class="legend-prod">production account</span><span class="legend-escalation">escalation path (identity outlined)</span><span class="legend-cross">trust from another account (dashed)</span><span class="legend-grant">trust / grant</span></div>';
  return `${note}<div class="chart graph" id="access-graph-chart">${svg}</div>${legend}`;
}
