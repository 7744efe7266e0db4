// App-wide context: schema, masters, locale, navigation and the error banner.
import { createContext, useContext } from "react";
import type { AppError } from "./bindings/AppError";
import type { SchemaDto } from "./bindings/SchemaDto";
import type { LedgerDto } from "./bindings/LedgerDto";
import type { Dict, Lang } from "./i18n";

export type View =
  | { page: "home" }
  | { page: "ledger"; ledger: string }
  | { page: "record"; no: string; ledger: string }
  | { page: "new"; ledger: string }
  | { page: "triage" }
  | { page: "import" }
  | { page: "reports" }
  | { page: "settings" };

export interface Masters {
  org: string[];
  person: string[];
  priority: string[];
  system: string[];
}

export interface AppCtx {
  schema: SchemaDto;
  masters: Masters;
  reloadMasters: () => Promise<void>;
  t: Dict;
  lang: Lang;
  setLang: (l: Lang) => void;
  today: string;
  go: (v: View) => void;
  showError: (e: AppError | null) => void;
  setDirty: (d: boolean) => void;
}

export const Ctx = createContext<AppCtx | null>(null);

export function useApp(): AppCtx {
  const c = useContext(Ctx);
  if (!c) throw new Error("context missing");
  return c;
}

export function ledgerOf(schema: SchemaDto, key: string): LedgerDto {
  const l = schema.ledgers.find((x) => x.key === key);
  if (!l) throw new Error(`unknown ledger ${key}`);
  return l;
}

/** Ledger key of a record number (I-/S-/C-, else a release version). */
export function ledgerKeyOfNo(no: string): string {
  if (/^I-/i.test(no)) return "incident";
  if (/^S-/i.test(no)) return "failure";
  if (/^C-/i.test(no)) return "change";
  return "release";
}
