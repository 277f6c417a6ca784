import type { Dataset } from '../data/dataset';
import { InputError, toIonscopeError } from '../errors';
import { acceptsKind } from '../plugin/accepts';
import type { ViewOutput } from '../plugin/contract';
import { parseParams } from '../plugin/params';
import type { Registry } from '../registry/registry';
import { type Logger, silentLogger } from '../util/logger';

/** Renders a view of a dataset: a Vega-Lite spec or a PNG. */
export async function renderView(
  registry: Registry,
  viewId: string,
  data: Dataset,
  params: unknown = {},
  options: { logger?: Logger; signal?: AbortSignal } = {},
): Promise<ViewOutput> {
  const { item: view } = registry.view(viewId);
  if (!acceptsKind(view.accepts, data.kind)) {
    throw new InputError(`view ${viewId} cannot draw a "${data.kind}" dataset`, { expected: `one of ${view.accepts.join(', ')}` });
  }
  const parsed = view.params ? parseParams(view.params, params, viewId) : {};
  try {
    return await view.render(data, parsed, { logger: options.logger ?? silentLogger, signal: options.signal });
  } catch (error) {
    throw toIonscopeError(error, { file: data.meta.source?.fileName, what: `${viewId} failed` });
  }
}

/** Writes a dataset with a writer contribution, returning the bytes and a suggested extension. */
export async function writeDataset(
  registry: Registry,
  writerId: string,
  data: Dataset,
  params: unknown = {},
  options: { logger?: Logger; signal?: AbortSignal } = {},
): Promise<{ bytes: Uint8Array; extension: string; mediaType: string }> {
  const { item: writer } = registry.writer(writerId);
  if (!acceptsKind(writer.accepts, data.kind)) {
    throw new InputError(`writer ${writerId} cannot write a "${data.kind}" dataset`, { expected: `one of ${writer.accepts.join(', ')}` });
  }
  const parsed = writer.params ? parseParams(writer.params, params, writerId) : {};
  try {
    const bytes = await writer.write(data, parsed, { logger: options.logger ?? silentLogger, signal: options.signal });
    return { bytes, extension: writer.extension, mediaType: writer.mediaType };
  } catch (error) {
    throw toIonscopeError(error, { what: `${writerId} failed` });
  }
}
