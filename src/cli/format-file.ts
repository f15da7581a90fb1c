import { format, resolveConfig } from 'prettier';

/** `text` formatted as Prettier would format the file at `path` (the project's settings). */
export async function formatLike(path: string, text: string): Promise<string> {
  const options = (await resolveConfig(path)) ?? {};
  return format(text, { ...options, filepath: path });
}
