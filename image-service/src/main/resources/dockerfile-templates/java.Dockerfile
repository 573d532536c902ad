# Slipway template "java": runs the repository's one runnable jar (found at the top level, in
# target/ or in build/libs/) on a headless Java 17 runtime. The JRE install comes before the COPY,
# so the engine's layer cache reuses it for every later build.
# The application should listen on $PORT.
# Placeholders: {{baseImage}} (slipway.image.dockerfile.base-images.java), {{port}}, {{buildArgs}},
# {{jar}} (the jar's path in the repository).
FROM {{baseImage}}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/*
{{buildArgs}}
WORKDIR /app
COPY {{jar}} /app/app.jar
ENV PORT={{port}}
EXPOSE {{port}}
CMD ["java", "-jar", "/app/app.jar"]
