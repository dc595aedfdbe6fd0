// What a manifest reader returns: dependency name -> version (or version constraint) as the
// file states it; undefined when the text cannot be read (then the change is an unnamed one).
export type ManifestDeps = Map<string, string>;

export type ManifestReader = (text: string) => ManifestDeps | undefined;
