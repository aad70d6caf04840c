#!/bin/sh
# Builds the fast-start layout of the gateway (README "Run"): the executable jar extracted into
# target/gateway (application jar + lib/), and a class data sharing archive of the classes the
# gateway loads while it starts (target/gateway/gateway.jsa). With the archive the JVM maps those
# classes ready-parsed and verified instead of searching ~400 jars for each one; see
# docs/benchmarks.md "Start time" for what it saves.
#
# Usage: cds-archive.sh <java executable> <module target directory>
# Called by the gateway-server build (package phase); skip it with -Dgateway.cds.skip=true.
#
# 1. extract: Spring Boot's jarmode tools, the layout the archive needs (a plain class path);
# 2. training: the gateway starts on throw-away storage and free ports, waits for its profile
#    warm-up, answers its own /fhir/metadata once and exits (gateway.startup.training=true),
#    recording every class it loaded;
# 3. dump: a static archive of those classes for this JDK (the JVM checks JDK and jar stamps at
#    start and runs without the archive, with a warning, if they do not match).
set -eu
JAVA="$1"
TARGET="$2"
APP="$TARGET/gateway"
TRAINING="$TARGET/cds-training"

rm -rf "$APP" "$TRAINING"
mkdir -p "$TRAINING"
"$JAVA" -Djarmode=tools -jar "$TARGET/gateway-server-exec.jar" extract --destination "$APP" \
  > "$TRAINING/extract.log" 2>&1 || { cat "$TRAINING/extract.log"; exit 1; }

# Free ports everywhere, so that a running gateway does not stop the build.
if ! (cd "$TRAINING" && "$JAVA" -Xmx1536m -XX:DumpLoadedClassList="$TRAINING/classes.lst" \
    -jar "$APP/gateway-server-exec.jar" --gateway.startup.training=true \
    --server.port=0 --management.server.port=0 --gateway.security.dev-issuer.port=0 \
    --gateway.hl7v2.port=0 > "$TRAINING/training.log" 2>&1); then
  echo "cds-archive: the training start failed; last lines of $TRAINING/training.log:" >&2
  tail -40 "$TRAINING/training.log" >&2
  exit 1
fi

# Lambda proxy entries are left out: archiving them is what crashes JDK 17's dumper
# (SystemDictionaryShared::adjust_lambda_proxy_class_dictionary).
grep -v '^@' "$TRAINING/classes.lst" > "$TRAINING/classes-no-lambda.lst"
if ! "$JAVA" -Xshare:dump -XX:SharedClassListFile="$TRAINING/classes-no-lambda.lst" \
    -XX:SharedArchiveFile="$APP/gateway.jsa" -cp "$APP/gateway-server-exec.jar" \
    > "$TRAINING/dump.log" 2>&1; then
  echo "cds-archive: dumping the archive failed; last lines of $TRAINING/dump.log:" >&2
  tail -40 "$TRAINING/dump.log" >&2
  exit 1
fi
rm -rf "$TRAINING/data"
echo "cds-archive: $(grep -c . "$TRAINING/classes-no-lambda.lst") classes listed; archive $APP/gateway.jsa"
