export { Codec, decode, defaultCodec, deserialize, encode, serialize } from './codec.js';
export { Decimal } from './decimal.js';
export { PayloadPointer } from './payload-pointer.js';
export { PayloadOffloader, type PayloadOffloaderOptions } from './payload-offloader.js';
export type { PayloadPlace } from './pointer-policy.js';
export {
  DEFAULT_MAX_PAYLOAD_BYTES,
  DEFAULT_PAYLOAD_PREFIX,
  DEFAULT_THRESHOLD_BYTES,
  MAX_NESTING_DEPTH,
  TAG_KEY,
  TAGS,
  type Tag,
} from './constants.js';
export type { ClassAdapter, ClassConstructor, JsonObject, JsonValue } from './types.js';
export {
  CircularReferenceError,
  ClassAdapterError,
  ClassRegistrationError,
  InvalidDecimalError,
  InvalidJsonError,
  InvalidOptionError,
  MalformedTagError,
  NestingTooDeepError,
  PayloadContentMismatchError,
  PayloadError,
  PayloadIntegrityError,
  PayloadMissingError,
  PayloadPointerRefusedError,
  PayloadSizeMismatchError,
  PayloadStorageError,
  PayloadTooLargeError,
  type PointerRule,
  SerializerError,
  UnknownTagError,
  UnregisteredClassError,
  UnsupportedValueError,
} from './errors.js';
