#!/usr/bin/env bash
# Install the Debian/Ubuntu packages a build needs, only those that are missing, and say so.
#   scripts/system-deps.sh pdf    LaTeX (xelatex + xeCJK) and Noto CJK fonts for the PDF
#   scripts/system-deps.sh test   the above, plus Chromium (browser test) and poppler-utils (pdftotext)
# Uses apt-get as root, or through sudo. `--no-pdf` builds need none of this.
set -euo pipefail

PDF_PACKAGES=(texlive-xetex texlive-lang-chinese texlive-latex-extra texlive-fonts-recommended
              texlive-plain-generic latex-cjk-common fonts-noto-cjk)  # xelatex + xdvipdfmx, no latexmk
TEST_PACKAGES=(chromium poppler-utils)

want=()
case "${1:-pdf}" in
  pdf) want=("${PDF_PACKAGES[@]}") ;;
  test) want=("${PDF_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  venv) want=(python3-venv) ;;
  *) echo "usage: $0 pdf|test|venv" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${want[*]})"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"
else
  echo "error: missing Debian packages: ${missing[*]}; run as root or install sudo, or build with --no-pdf" >&2
  exit 1
fi
echo "installing Debian packages (about 700 MB, a few minutes the first time): ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
