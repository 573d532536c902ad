# Slipway template "php": runs the repository with PHP's built-in web server, as the original
# prototype did. The package install comes before the source COPY, so the engine's layer cache
# reuses it for every later build: only the first build downloads PHP from Debian's mirror.
# Placeholders: {{baseImage}} (slipway.image.dockerfile.base-images.php), {{port}}, {{buildArgs}}.
FROM {{baseImage}}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends php-cli \
 && rm -rf /var/lib/apt/lists/*
{{buildArgs}}
WORKDIR /app
COPY . /app/
ENV PORT={{port}}
EXPOSE {{port}}
CMD ["php", "-S", "0.0.0.0:{{port}}", "-t", "/app"]
