// The browser's IANA time zone ("Asia/Shanghai"), for a person whose zone is not yet known.
export function browserZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
}
