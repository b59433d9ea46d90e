package platforms

import (
	"strings"
	"testing"
)

func TestCommandLineTokensKeepQuotedWordsWhole(t *testing.T) {
	for in, want := range map[string]string{
		`java -jar app.jar`:                  `java|-jar|app.jar`,
		`sh -c "echo a b"`:                   `sh|-c|echo a b`,
		`--name='two words' --x=1`:           `--name='two|words'|--x=1`, // a quote inside a word is the word's
		`'it\'s' "say \"hi\""`:               `it's|say "hi"`,
		`  spaced   out  `:                   `spaced|out`,
		`"--greeting=hello world" --count=2`: `--greeting=hello world|--count=2`,
		`a\b`:                                `a\b`,
	} {
		got, err := CommandLineTokens(in)
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if strings.Join(got, "|") != want {
			t.Errorf("%q: got %q, want %q", in, strings.Join(got, "|"), want)
		}
	}
	if _, err := CommandLineTokens(`sh -c "echo`); err == nil || !strings.Contains(err.Error(), "never closed") {
		t.Errorf("an unclosed quote: got %v", err)
	}
}

func TestSplitArgumentsKeepsQuotedValuesWhole(t *testing.T) {
	for in, want := range map[string]string{
		`--a=1 --b=2`:                         `--a=1|--b=2`,
		`--name='John Doe' --x=1`:             `--name=John Doe|--x=1`,
		`"--greeting=hello world"`:            `--greeting=hello world`,
		`--sql="select * from t where a='x'"`: `--sql=select * from t where a='x'`,
		`  --spaced   `:                       `--spaced`,
		`--empty=''`:                          `--empty=`,
	} {
		got, err := SplitArguments(in)
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if strings.Join(got, "|") != want {
			t.Errorf("%q: got %q, want %q", in, strings.Join(got, "|"), want)
		}
	}
	if _, err := SplitArguments(`--name='John`); err == nil || !strings.Contains(err.Error(), "never closed") {
		t.Errorf("an unclosed quote: %v", err)
	}
}
