/**
 * Vega-Lite → SVG in Node, with no browser and no network: compile with vega-lite, run a vega View
 * with the `none` renderer, and ask it for SVG. vega and vega-lite are imported on first use only,
 * so commands that draw nothing do not pay for them.
 */
let modules: Promise<{ vega: typeof import('vega'); vl: typeof import('vega-lite') }> | undefined;

function load() {
  modules ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({ vega, vl }));
  return modules;
}

/** Renders a Vega-Lite spec (inline data) to an SVG document. External data URLs are refused. */
export async function vegaLiteToSvg(spec: Record<string, unknown>): Promise<string> {
  const { vega, vl } = await load();
  const compiled = vl.compile(spec as any).spec;
  const base = vega.loader();
  const offline = {
    ...base,
    load: async (uri: string) => {
      throw new Error(`the chart asks for external data (${uri}); views must carry their data inline`);
    },
    sanitize: async (uri: string) => {
      throw new Error(`the chart asks for an external resource (${uri}); views must be self-contained`);
    },
  };
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: offline as any });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
