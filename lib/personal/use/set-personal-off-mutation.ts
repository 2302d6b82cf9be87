import { mutationOptions, type QueryClient } from "@tanstack/react-query";
import { browserLocalStore } from "@/lib/data/local/local-db";
import { setPersonalOff } from "@/lib/personal/store/personal-models-store";
import { personalKeys } from "./keys";

/** The person's "use my personal models" switch, remembered on this device for them (until sign-out or Delete my data). */
export function setPersonalOffMutationOptions(queryClient: QueryClient, userId: string) {
  return mutationOptions({
    mutationKey: ["personal", "set-off"] as const,
    mutationFn: (off: boolean) => setPersonalOff(browserLocalStore(), userId, off),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: personalKeys.all(userId) }),
  });
}
