/**
 * Charts are Vega-Lite specifications compiled and rendered to SVG here, at build time, by Vega's
 * own SVG renderer: the page ships finished SVG (no chart library, no script needed to see it),
 * and every label is escaped by Vega's writer. Data is always inline, so Vega loads nothing.
 */
import { parse, View, type Spec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif';

/** One look for every chart: quiet axes, no frame, the page's type. */
export const CHART_CONFIG = {
  background: null,
  font: FONT,
  view: { stroke: null },
  axis: { labelColor: '#475569', titleColor: '#334155', domainColor: '#cbd5e1', tickColor: '#cbd5e1', gridColor: '#eef2f7', labelFontSize: 11, titleFontSize: 11, titleFontWeight: 600 },
  legend: { labelColor: '#475569', titleColor: '#334155', labelFontSize: 11, titleFontSize: 11, orient: 'bottom', direction: 'horizontal', symbolType: 'square' },
  bar: { cornerRadiusEnd: 2 },
} as const;

export const TIER_SCALE = { domain: ['low', 'medium', 'high', 'critical'], range: ['#2f9e6b', '#d4a017', '#e8710a', '#c5221f'] };

/** A Vega-Lite specification without its config (CHART_CONFIG is added). */
export type VegaLiteSpec = Readonly<Record<string, unknown>>;

/** A Vega-Lite spec (without config) as an SVG string. */
export async function vegaLiteSvg(spec: VegaLiteSpec): Promise<string> {
  // The specs are literals written here; vega-lite's union type is checked by compile() itself.
  const compiled = compile({ ...spec, config: CHART_CONFIG } as unknown as TopLevelSpec).spec;
  return vegaSvg(compiled);
}

/** A Vega spec as an SVG string. */
export async function vegaSvg(spec: Spec): Promise<string> {
  const view = new View(parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
