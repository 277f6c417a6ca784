/** Minimal typings for utif 3.1.0 (a CommonJS TIFF decoder without its own declarations). */
declare module 'utif' {
  /** One image file directory: tags as `t<number>` arrays, plus what decodeImage adds. */
  export interface IFD {
    [tag: `t${number}`]: (number | string)[] | Uint8Array | undefined;
    width?: number;
    height?: number;
    isLE?: boolean;
    data?: Uint8Array;
    subIFD?: IFD[];
  }
  const UTIF: {
    decode(buffer: ArrayBuffer): IFD[];
    decodeImage(buffer: ArrayBuffer, ifd: IFD, ifds?: IFD[]): void;
  };
  export default UTIF;
}
