# The fields every web image shares; each web-*.recipe sources this and adds its site.conf.
# shellcheck shell=bash disable=SC2034 # the fields are read by scripts/images.sh
IMAGE_NAME=web
IMAGE_PACKAGES=(nginx)
IMAGE_USER=101:101
IMAGE_CMD=(nginx -e stderr -c /etc/nginx/nginx.conf)
IMAGE_PORTS=(8080/tcp)
IMAGE_FILES=(web/nginx.conf:/etc/nginx/nginx.conf)
IMAGE_DEPENDS=(web/web.sh)

# The nginx user with the uid/gid of the official image (101), before the package is installed.
image_prepare() {
  images_chroot "$1" groupadd --system --gid 101 nginx
  images_chroot "$1" useradd --system --uid 101 --gid 101 --home-dir /nonexistent --no-create-home \
    --shell /usr/sbin/nologin nginx
}

# No default site and no writable paths outside /tmp.
image_finish() {
  rm -rf "$1"/etc/nginx/sites-enabled "$1"/etc/nginx/sites-available "$1"/etc/nginx/modules-enabled \
    "$1"/var/www/html "$1"/var/log/nginx/*
}
