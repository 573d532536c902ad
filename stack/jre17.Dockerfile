# A Java 17 runtime made from the local Debian base, for checking the services' Dockerfiles on
# machines that cannot pull eclipse-temurin. The RUN line is the image service's java template's,
# so the engine's layer cache serves both.
ARG DEBIAN_IMAGE=slipway/debian:bookworm
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/*
