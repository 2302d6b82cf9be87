import type { BaselineText } from "@/lib/predictions/model-baselines";

/**
 * A model's test-data record against "tomorrow like today" and a simple linear model, under its name in a prediction's
 * details: the verdict first (strong when the model did not beat a rule, so it is not missed), then the numbers.
 */
export function BaselineLines({ text }: { text: BaselineText }) {
  return (
    <span className="baseline-lines" data-testid="model-baselines">
      {" "}
      {text.beatsAll ? <span>{text.verdict}</span> : <strong>{text.verdict}</strong>} <span className="muted">{text.figures}</span>
    </span>
  );
}
