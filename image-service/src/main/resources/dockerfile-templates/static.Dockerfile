# Slipway template "static": serves the repository's files over HTTP with busybox httpd.
# Placeholders: {{baseImage}} (slipway.image.dockerfile.base-images.static), {{port}} (descriptor port),
# {{buildArgs}} (one ARG line per name in the descriptor's buildArgs).
# Override it by putting a static.Dockerfile in slipway.image.dockerfile.templates-directory.
FROM {{baseImage}}
{{buildArgs}}
WORKDIR /www
COPY . /www/
ENV PORT={{port}}
EXPOSE {{port}}
CMD ["httpd", "-f", "-p", "{{port}}", "-h", "/www"]
