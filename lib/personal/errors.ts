/** A personal model cannot be built from these inputs (a mismatched tree file, an unsupported prediction type). */
export class PersonalModelError extends Error {
  override name = "PersonalModelError";
  constructor(detail: string) {
    super(`Personal model not built: ${detail}. Pass the generic model's own verified tree file and a mood, energy-dip or stress entry.`);
  }
}
