"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { whyQueryOptions, type WhyInput } from "@/lib/explain/why-query";
import type { WhyBreakdown } from "@/lib/explain/why-breakdown";

/**
 * "Why?" under a prediction: where the model starts (its average prediction, or its starting point when the manifest
 * does not give the average), the three features that moved it most, what pushed the other way, and the rest, in the
 * unit the prediction is shown in, adding up to its number. Nothing loads until the person opens it.
 */
export function WhyDisclosure({ input }: { input: WhyInput | undefined }) {
  // A model shipped without a tree file (or a failed run) simply offers no "Why?".
  return input?.entry.explain ? <WhyPanel input={input} /> : null;
}

function WhyPanel({ input }: { input: WhyInput }) {
  const [open, setOpen] = useState(false);
  const query = useQuery(whyQueryOptions(input, open));
  const panelId = `why-${input.id}`;
  const toggle = () => {
    // Opening again after "needs a connection" (or any failure) tries again: the person may be back online.
    if (!open && query.isError) void query.refetch();
    setOpen(!open);
  };
  return (
    <div className="why" data-testid={`why-${input.prediction.prediction_type}`}>
      <button type="button" className="link-button" aria-expanded={open} aria-controls={panelId} onClick={toggle}>
        Why?
      </button>
      {open && (
        <div id={panelId} role="region" aria-label="Why this prediction" aria-busy={query.isPending}>
          {query.isPending && <p className="muted">Working out what moved this prediction…</p>}
          {query.isError && (
            <p className="error-text" role="alert">
              {query.error.message}
            </p>
          )}
          {query.data && <Breakdown why={query.data} />}
        </div>
      )}
    </div>
  );
}

function Breakdown({ why }: { why: WhyBreakdown }) {
  const fmt = (x: number) => `${x.toFixed(why.decimals)}${why.unit}`;
  const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(why.decimals)}${why.unit === "%" ? " points" : ""}`;
  const { start, centre } = why;
  return (
    <>
      <p className="muted" data-testid="why-start" data-kind={start.kind}>
        {start.kind === "average"
          ? `On average the model says ${fmt(start.value)} for the people it learned from.`
          : `The model's starting point is ${fmt(start.value)} (this model file does not say what its average prediction is).`}
      </p>
      {centre && (
        <ul className="why-reasons" data-testid="why-centre">
          <li data-amount={centre.amount}>
            {centre.amount === 0
              ? `Before any of your numbers it starts from there too`
              : `Before any of your numbers it starts from ${fmt(centre.value)}, ${centre.amount < 0 ? "lower" : "higher"} than the average: its predictions spread unevenly, and people far ${centre.amount < 0 ? "above" : "below"} it pull the average ${centre.amount < 0 ? "up" : "down"}. This belongs to none of your numbers`}{" "}
            <strong>({signed(centre.amount)})</strong>
          </li>
        </ul>
      )}
      <ol className="why-reasons" data-testid="why-top">
        {why.top.map((r) => (
          <li key={r.feature} data-feature={r.feature} data-amount={r.amount}>
            {capitalize(r.text)} <strong>({signed(r.amount)})</strong>
          </li>
        ))}
      </ol>
      {why.otherWay.length > 0 && (
        <>
          <p className="muted">Pushing the other way:</p>
          <ul className="why-reasons" data-testid="why-other-way">
            {why.otherWay.map((r) => (
              <li key={r.feature} data-feature={r.feature} data-amount={r.amount}>
                {capitalize(r.text)} <strong>({signed(r.amount)})</strong>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="muted" data-testid="why-sum" data-baseline={start.value} data-rest={why.rest.amount} data-shown={why.shown}>
        These and your other {why.rest.count} numbers ({signed(why.rest.amount)}) add up to {fmt(why.shown)}.
        {why.note && ` ${why.note}`}
      </p>
    </>
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
