import type { Dataset } from '../data/dataset';
import { IonscopeError, ParseError } from '../errors';
import { Confidence, type FileSource, type ReaderContribution } from '../plugin/contract';
import { DATASET_JSON_FORMAT, datasetFromJson } from '../serialize/json';
import { decodeText, headText } from '../util/text';

const MARKER = new RegExp(`"format"\\s*:\\s*"${DATASET_JSON_FORMAT.replace(/[./]/g, '\\$&')}"`);

/** Reads the lossless dataset JSON that `datasetToJson` (and the `ionscope.json` writer) write. */
export const datasetJsonReader: ReaderContribution = {
  id: 'ionscope.dataset-json',
  name: 'ionscope dataset JSON (lossless)',
  description: `JSON written by datasetToJson / the ionscope.json writer, marked "format": "${DATASET_JSON_FORMAT}"`,
  extensions: ['.json'],
  kinds: ['*'],
  sniff: ({ head }) => (MARKER.test(headText(head, 4096)) ? Confidence.certain : Confidence.no),
  read: readDatasetJson,
};

export function readDatasetJson(source: FileSource): Dataset {
  const text = decodeText(source.bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    throw new ParseError(`invalid JSON: ${message}`, { file: source.name, line, expected: 'a JSON document' });
  }
  try {
    return datasetFromJson(json, source.name);
  } catch (error) {
    if (!(error instanceof IonscopeError)) throw error;
    throw new ParseError(error.description, { file: source.name, field: error.field, expected: error.expected, found: error.found, cause: error });
  }
}
