/**
 * Files left out of language statistics, following GitHub Linguist's conventions (as Gitaly
 * does through go-enry): vendored code, documentation and well-known generated files. This is
 * a documented subset of Linguist's vendor.yml/documentation.yml rules (the most common
 * directories and names), not the full lists; `.gitattributes` overrides are not read
 * (Mercurial repositories have none).
 */

const VENDORED: RegExp[] = [
  /(^|\/)node_modules\//,
  /(^|\/)bower_components\//,
  /(^|\/)vendors?\//,
  /(^|\/)[Vv]+endor\//,
  /(3rd|[Tt]hird)[-_]?[Pp]arty\//,
  /(^|\/)[Ee]xtern(als?)?\//,
  /^deps\//,
  /(^|\/)dist\//,
  /(^|\/)cache\//,
  /(^|\/)\.yarn\/(releases|plugins|sdks|versions|unplugged)\//,
  /(^|\/)Godeps\/_workspace\//,
  /(^|\/)testdata\//,
  /^debian\//,
  /(^|\/)configure$/,
  /(^|\/)config\.(guess|sub)$/,
  /(^|\/)gradlew(\.bat)?$/,
  /(^|\/)gradle\/wrapper\//,
  /(\.|-)min\.(js|css)$/,
  /(^|\/)jquery([^.]*)\.js$/,
  /(^|\/)bootstrap([^/.]*)(\..*)?\.(js|css|less|scss|styl)$/,
];

const DOCUMENTATION: RegExp[] = [
  /^[Dd]ocs?\//,
  /(^|\/)[Dd]ocumentation\//,
  /(^|\/)[Jj]avadoc\//,
  /^[Mm]an\//,
  /^[Ee]xamples\//,
  /^[Dd]emos?\//,
  /^[Ss]amples?\//,
  /(^|\/)CHANGE(S|LOG)?(\.|$)/,
  /(^|\/)CONTRIBUTING(\.|$)/,
  /(^|\/)COPYING(\.|$)/,
  /(^|\/)INSTALL(\.|$)/,
  /(^|\/)LICEN[CS]E(\.|$)/,
  /(^|\/)[Ll]icen[cs]e(\.|$)/,
  /(^|\/)README(\.|$)/,
  /(^|\/)[Rr]eadme(\.|$)/,
];

const GENERATED: RegExp[] = [
  /\.pb\.(go|cc|h)$/,
  /_pb2(_grpc)?\.pyi?$/,
  /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|composer\.lock)$/,
  /\.(js|css)\.map$/,
];

/** True if `path` is vendored, documentation or generated per the rules above. */
export function isExcludedPath(path: string): boolean {
  return [VENDORED, DOCUMENTATION, GENERATED].some((rules) => rules.some((r) => r.test(path)));
}
