module github.com/elk-language/go-prompt

go 1.24

require (
	github.com/google/go-cmp v0.6.0
	github.com/mattn/go-colorable v0.1.14
	github.com/mattn/go-runewidth v0.0.16
	github.com/mattn/go-tty v0.0.7
	github.com/pkg/term v1.2.0-beta.2
	github.com/rivo/uniseg v0.4.7
	golang.org/x/exp v0.0.0-20250305212735-054e65f0b394
	golang.org/x/sys v0.33.0
)

require github.com/mattn/go-isatty v0.0.20 // indirect
