// GET /v1/drivers/{driver}/properties answers {field: description}; a field is required when its
// description says so (Tyr writes "Required." in the text, as Ironic does).
export interface DriverField {
  name: string;
  help: string;
  required: boolean;
  secret: boolean;
}

export function driverFields(properties: Record<string, string>): DriverField[] {
  return Object.entries(properties)
    .map(([name, help]) => ({ name, help, required: /\bRequired\b/.test(help), secret: /password|secret|key$/i.test(name) }))
    .sort((a, b) => Number(b.required) - Number(a.required));
}
