"""Postgres CSV, read back: an unquoted empty field is NULL (None), a quoted
one is ''. The csv module cannot tell the two apart (before Python 3.12)."""


def parse_pg_csv(text):
    records = []
    i, n = 0, len(text)
    while i < n:
        record = []
        while True:
            if i < n and text[i] == '"':
                parts = []
                i += 1
                while True:
                    q = text.find('"', i)
                    if q < 0:
                        raise ValueError("unterminated quoted CSV field")
                    parts.append(text[i:q])
                    if q + 1 < n and text[q + 1] == '"':
                        parts.append('"')
                        i = q + 2
                    else:
                        i = q + 1
                        break
                record.append("".join(parts))
            else:
                j = i
                while j < n and text[j] not in ",\n":
                    j += 1
                record.append(None if j == i else text[i:j])
                i = j
            if i < n and text[i] == ",":
                i += 1
                continue
            i += 1  # the newline, or past the end
            break
        records.append(record)
    return records
