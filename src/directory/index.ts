// Everyday use: load once, geocode what the resident typed, search, format.
export { loadDirectory, type Directory, type Town } from './directory.js';
export { DirectoryHolder, type ReloadResult } from './directory-holder.js';
export { directoryFilePath, DEFAULT_DIRECTORY_FILE } from './directory-file.js';
export { loadGeoData, nearestDistrict, type GeoData } from './geo-data.js';
export { createGeocoder, type Geocode, type GeocodeResult, type GeocoderOptions } from './geocode.js';
export {
  searchNearby,
  searchRemote,
  findCommunityTransport,
  type SearchQuery,
  type SearchFilters,
  type SearchHit,
  type SearchResult,
  type RemoteResult,
} from './search.js';
export { formatActivityList, formatActivityDetails, type Translate, type ListOptions, type DetailsOptions } from './format-activities.js';
export type { Clock, DayFilter } from './calendar.js';
export { KINDS, AUDIENCES, WEEKDAYS, WAY_OF_KIND, type Entry, type Kind, type Audience, type Weekday, type FiveWay } from './model.js';

// Importing (the CLIs use these; a scheduled job could too).
export { importText, importRecords, sniffFormat, type ImportResult, type SourceFormat } from './import-directory.js';
export { fetchOrukServices } from './fetch-oruk-api.js';
export { DEFAULT_KIND_MAPPING_FILE, loadKindMapping } from './kind-mapping.js';
export { writeDirectoryFile, readDirectoryFile } from './directory-file.js';
export { formatImportIssue, type ImportIssue } from './import-issue.js';
export { importPostcodes, formatPostcodeCsv } from './import-postcodes.js';
export { osgbToWgs84 } from './osgb.js';
