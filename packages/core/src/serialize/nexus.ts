/**
 * NeXus/HDF5 for ionscope datasets: {@link writeNexus} and {@link readNexus}, plus a sniffer for
 * readers. The layout is described in `nexus-conventions.ts` and in the package README.
 */
import { isHdf5 } from '../hdf5/open';

export { NEXUS_GENERIC_KIND, NEXUS_IONSCOPE_FORMAT } from './nexus-conventions';
export { readNexus } from './nexus-read';
export { type NexusWriteOptions, writeNexus } from './nexus-write';

const encoder = new TextEncoder();
const IONSCOPE_MARK = encoder.encode('ionscope.nexus/');
const NX_MARKS = ['NXentry', 'NXroot', 'NXdata'].map((s) => encoder.encode(s));

/**
 * How sure we are that these leading bytes start a NeXus file: 1 for a file ionscope wrote, 0.9
 * for HDF5 whose first bytes mention NXentry/NXroot/NXdata (HDF5 keeps the root's attributes and
 * the first groups' headers near the start), 0 when the HDF5 signature is missing. Plain HDF5 with
 * no NeXus class in the head gets 0.1 (it may still hold NXdata further in).
 */
export function sniffNexus(head: Uint8Array): number {
  if (!isHdf5(head.subarray(0, Math.min(head.length, 2048)))) return 0;
  if (indexOfBytes(head, IONSCOPE_MARK) >= 0) return 1;
  if (NX_MARKS.some((mark) => indexOfBytes(head, mark) >= 0)) return 0.9;
  return 0.1;
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  outer: for (let i = haystack.indexOf(first as number); i >= 0 && i <= haystack.length - needle.length; i = haystack.indexOf(first as number, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
