// Placeholder entry point; the real handler lands with the service code.
export const handler = async (): Promise<{ statusCode: number }> => ({ statusCode: 503 });
