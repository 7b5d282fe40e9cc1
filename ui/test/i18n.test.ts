import { describe, expect, it } from "vitest";
import { en } from "../src/i18n/en";
import { ptBR } from "../src/i18n/pt-BR";
import { format, translate, translatePlural } from "../src/i18n";

describe("i18n catalogues", () => {
  it("pt-BR has exactly the English keys, none empty", () => {
    expect(Object.keys(ptBR).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(ptBR)) {
      expect(value.trim(), key).not.toBe("");
    }
  });

  it("keeps the same placeholders in both languages", () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(ptBR[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("translates navigation into Portuguese", () => {
    expect(translate("pt-BR", "nav.customers")).toBe("Clientes");
    expect(translate("en", "nav.settings")).toBe("Settings");
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(format("Version {version}", { version: "1.2.3" })).toBe("Version 1.2.3");
    expect(format("Hi {name}", {})).toBe("Hi {name}");
  });

  it("reads an API value it has never heard of in plain words", () => {
    type Key = Parameters<typeof translate>[1];
    expect(translate("en", "req.NEW_DOCUMENT_TYPE" as Key)).toBe("New document type");
    expect(translate("pt-BR", "enum.UNDER_REVIEW" as Key)).toBe("Under review");
    expect(translate("en", "field.additional.sourceOfWealthDetails" as Key)).toBe("Source of wealth details");
    expect(translate("en", "wizard.notAKey" as Key)).toBe("wizard.notAKey");
  });

  it("takes the plural form the count needs, in each language", () => {
    expect(translatePlural("en", "rfis.round.items", 1)).toBe("1 item asked");
    expect(translatePlural("en", "rfis.round.items", 2)).toBe("2 items asked");
    expect(translatePlural("pt-BR", "rfis.round.items", 1)).toBe("1 item pedido");
    expect(translatePlural("pt-BR", "rfis.round.items", 3)).toBe("3 itens pedidos");
    expect(translatePlural("pt-BR", "rfis.progress", 1, { done: 0, total: 1 })).toBe("0 de 1 concluído");
    expect(translatePlural("pt-BR", "rfis.progress", 4, { done: 2, total: 4 })).toBe("2 de 4 concluídos");
    expect(translatePlural("en", "audit.intact", 1)).toBe("Chain intact: 1 entry.");
  });

  it("has both forms of every plural message", () => {
    for (const key of Object.keys(en)) {
      if (key.endsWith(".one")) expect(Object.keys(en), key).toContain(key.replace(/\.one$/, ".other"));
    }
  });
});
