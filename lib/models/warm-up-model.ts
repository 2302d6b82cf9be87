/**
 * A 758-byte ONNX model (one TreeEnsembleClassifier split, written by tools/training/warm-up-model.ts; the unit test
 * tests/unit/models/warm-up-model.test.ts checks these are its bytes). The runtime's start creates a session from it as
 * soon as the wasm is in hand: onnxruntime instantiates its wasm and starts its execution provider on the first
 * session, and the tree operator's code runs for the first time, so that all of this overlaps the reading and hashing
 * of the real models instead of waiting for the first of them.
 */
const WARM_UP_MODEL_BASE64 =
  "CAgSF2NoZWNraW4tcHJlZGljdCBsaWIvZ2JtGgExIg9jaGVja2luLXByZWRpY3QoATIrU3RhcnRzIG9ubnhydW50aW1lIGVhcmx5OyBwcmVkaWN0cyBub3RoaW5nLjr/BAqhBAoFaW5wdXQSBWxhYmVsEg1wcm9iYWJpbGl0aWVzGhZUcmVlRW5zZW1ibGVDbGFzc2lmaWVyIhZUcmVlRW5zZW1ibGVDbGFzc2lmaWVyKhIKCWNsYXNzX2lkc0AAQACgAQcqFgoNY2xhc3Nfbm9kZWlkc0ABQAKgAQcqFgoNY2xhc3NfdHJlZWlkc0AAQACgAQcqHAoNY2xhc3Nfd2VpZ2h0cz0AAIC/PQAAgD+gAQYqGwoSY2xhc3NsYWJlbHNfaW50NjRzQABAAaABByodChJub2Rlc19mYWxzZW5vZGVpZHNAAkAAQACgAQcqGwoQbm9kZXNfZmVhdHVyZWlkc0AAQABAAKABByoiCg5ub2Rlc19oaXRyYXRlcz0AAIA/PQAAgD89AACAP6ABBioqCh9ub2Rlc19taXNzaW5nX3ZhbHVlX3RyYWNrc190cnVlQAFAAEAAoAEHKigKC25vZGVzX21vZGVzSgpCUkFOQ0hfTEVRSgRMRUFGSgRMRUFGoAEIKhgKDW5vZGVzX25vZGVpZHNAAEABQAKgAQcqGAoNbm9kZXNfdHJlZWlkc0AAQABAAKABByocChFub2Rlc190cnVlbm9kZWlkc0ABQABAAKABByogCgxub2Rlc192YWx1ZXM9AAAAPz0AAAAAPQAAAACgAQYqHQoOcG9zdF90cmFuc2Zvcm0iCExPR0lTVElDoAEDOgphaS5vbm54Lm1sEgd3YXJtX3VwWhgKBWlucHV0Eg8KDQgBEgkKAxIBTgoCCAFiFAoFbGFiZWwSCwoJCAcSBQoDEgFOYiAKDXByb2JhYmlsaXRpZXMSDwoNCAESCQoDEgFOCgIIAkIECgAQD0IOCgphaS5vbm54Lm1sEAM=";

export function warmUpModel(): Uint8Array {
  return Uint8Array.from(atob(WARM_UP_MODEL_BASE64), (c) => c.charCodeAt(0));
}
