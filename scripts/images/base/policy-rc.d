#!/bin/sh
# No service starts while an image is built (removed from the image).
exit 101
