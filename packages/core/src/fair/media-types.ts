/**
 * IANA media types for the files ionscope reads and writes, for RO-Crate `encodingFormat` and HTTP.
 * Instrument formats without a registered type get `application/octet-stream` (binary) or
 * `text/plain` (text exports), which is what the registry says for unregistered formats.
 */
const BY_EXTENSION: Record<string, string> = {
  '.json': 'application/json',
  '.jsonld': 'application/ld+json',
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.txt': 'text/plain',
  '.dat': 'text/plain',
  '.xy': 'text/plain',
  '.xye': 'text/plain',
  '.mpt': 'text/plain',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.md': 'text/markdown',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.xml': 'application/xml',
  '.xrdml': 'application/xml',
  '.cif': 'chemical/x-cif',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.h5': 'application/x-hdf5',
  '.hdf5': 'application/x-hdf5',
  '.hdf': 'application/x-hdf',
  '.nxs': 'application/x-hdf5',
  '.nx5': 'application/x-hdf5',
};

/** The media type for a file name or path (by extension, case-insensitive). */
export function mediaTypeForPath(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'application/octet-stream';
  return BY_EXTENSION[name.slice(dot)] ?? 'application/octet-stream';
}
