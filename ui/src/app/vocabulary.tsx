import { createContext, useContext, type ReactNode } from "react";
import type { Tone, Vocabulary } from "../api";

/** What a screen shows before Rust has answered (and in tests that need no lists):
 * nothing to choose from, every status neutral and as it came. */
const EMPTY: Vocabulary = { customerTypes: [], customerStatuses: [], statuses: [], documentTypes: [], documentSides: [], transactionDirections: [] };

const VocabularyContext = createContext<Vocabulary>(EMPTY);

/** The API's statuses and document types, as Rust lists them (`AppInfo.vocabulary`). */
export function VocabularyProvider({ vocabulary, children }: { vocabulary: Vocabulary; children: ReactNode }) {
  return <VocabularyContext.Provider value={vocabulary}>{children}</VocabularyContext.Provider>;
}

export function useVocabulary(): Vocabulary {
  return useContext(VocabularyContext);
}

/** A status Rust does not list reads neutral. */
export function toneOf(vocabulary: Vocabulary, status: string): Tone {
  return vocabulary.statuses.find((s) => s.value === status.toUpperCase())?.tone ?? "neutral";
}
