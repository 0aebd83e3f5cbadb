#!/bin/sh
# A Socialplan backup, as socialplan-backup.service runs it (docs/deployment.md): run from the install folder with
# the server's environment (DATA_DIR, DATABASE_URL, S3_*). Each file is written under a temporary name and renamed
# when complete (the backup command does so itself), so a half-written backup never looks like a good one.
set -eu
dir=${BACKUP_DIR:-/var/backups/socialplan}
keep=${BACKUP_KEEP_DAYS:-14}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$dir"

if [ -n "${DATABASE_URL:-}" ]; then
  # PostgreSQL: a consistent dump while the servers run (restore: pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL").
  pg_dump --format=custom --no-owner --file="$dir/socialplan-db-$stamp.dump.part" "$DATABASE_URL"
  mv "$dir/socialplan-db-$stamp.dump.part" "$dir/socialplan-db-$stamp.dump"
fi

# The embedded database (SQLite's online backup) and the file store under DATA_DIR/files with the secret key; on
# PostgreSQL the file store only (with S3 the bucket keeps the files: use its versioning or replication).
node apps/server/dist/cli.js backup "$dir/socialplan-$stamp.tar.gz"

find "$dir" -maxdepth 1 -name 'socialplan-*' -mtime +"$keep" -delete
echo "backup written to $dir (stamp $stamp)"
