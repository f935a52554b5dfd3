/**
 * Where an offloaded payload lives, and how to tell it was not altered: its size in bytes and the
 * SHA-256 (hex) of its serialized UTF-8 text. Serializes as the `s3` tag:
 * `{"$sosw":"s3","bucket":"b","key":"sosw/payloads/<sha256>.json","bytes":312345,"sha256":"<hex>"}`.
 *
 * @example
 * ```ts
 * const value = deserialize(text);
 * if (value instanceof PayloadPointer) console.log(`payload is at s3://${value.bucket}/${value.key}`);
 * ```
 */
export class PayloadPointer {
  constructor(
    readonly bucket: string,
    readonly key: string,
    readonly bytes: number,
    readonly sha256: string,
  ) {}
}
