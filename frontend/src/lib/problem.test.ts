import { beforeEach, describe, expect, it } from "vitest";

import i18n from "../i18n";
import { ApiError, NetworkError, call, fieldErrors, problemCode, problemMessage } from "./problem";

const t = i18n.t.bind(i18n);

function apiError(status: number, code: string, detail?: string, errors?: { field: string; message: string }[]) {
  return new ApiError(status, { type: "about:blank", title: code, status, code, detail, errors });
}

describe("problem details", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("nb");
  });

  it("translates known codes in the current language", async () => {
    const error = apiError(401, "invalid_credentials", "Wrong email or password");
    expect(problemMessage(error, t)).toBe("Feil e-postadresse eller passord.");
    await i18n.changeLanguage("nn");
    expect(problemMessage(error, t)).toBe("Feil e-postadresse eller passord.");
    expect(problemMessage(apiError(429, "rate_limited"), t)).toBe(
      "For mange forsøk. Vent litt og prøv igjen.",
    );
    await i18n.changeLanguage("en");
    expect(problemMessage(error, t)).toBe("Wrong email address or password.");
  });

  it("falls back to the server's detail for unknown codes", () => {
    const error = apiError(418, "teapot", "I am a teapot");
    expect(problemCode(error)).toBe("teapot");
    expect(problemMessage(error, t)).toBe("I am a teapot");
  });

  it("falls back to a generic message without detail", () => {
    expect(problemMessage(apiError(418, "teapot"), t)).toBe("Noe gikk galt. Prøv igjen senere.");
    expect(problemMessage(new Error("boom"), t)).toBe("Noe gikk galt. Prøv igjen senere.");
    expect(problemMessage(new ApiError(502, null), t)).toBe("Noe gikk galt hos oss. Prøv igjen senere.");
  });

  it("names network trouble", () => {
    expect(problemCode(new NetworkError())).toBe("network_error");
    expect(problemMessage(new NetworkError(), t)).toMatch(/Fikk ikke kontakt/);
  });

  it("collects per-field errors, dropping a body. prefix", () => {
    const error = apiError(422, "validation_error", "Invalid input", [
      { field: "password", message: "Må være minst 10 tegn." },
      { field: "body.name", message: "Feltet må fylles ut." },
      { field: "password", message: "second message is ignored" },
    ]);
    expect(fieldErrors(error)).toEqual({
      password: "Må være minst 10 tegn.",
      name: "Feltet må fylles ut.",
    });
    expect(fieldErrors(new NetworkError())).toEqual({});
  });

  it("call() unwraps data and throws ApiError / NetworkError", async () => {
    const ok = { data: { a: 1 }, response: new Response(null, { status: 200 }) };
    await expect(call(Promise.resolve(ok))).resolves.toEqual({ a: 1 });

    const body = { type: "about:blank", title: "x", status: 400, code: "invalid_link" };
    const failed = { error: body, response: new Response(null, { status: 400 }) };
    await expect(call(Promise.resolve(failed))).rejects.toMatchObject({
      status: 400,
      problem: { code: "invalid_link" },
    });

    await expect(call(Promise.reject(new TypeError("Failed to fetch")))).rejects.toBeInstanceOf(
      NetworkError,
    );
  });
});
