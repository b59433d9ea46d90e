# shellcheck shell=bash
# The apps and streams the Kubernetes benchmarks deploy, sourced by bench/k8s-deploy.sh and bench/helm-compare.sh.

# bench_streams prints the shell script that registers the bench apps and creates the streams s3 (3 apps) and
# s20 (20 apps), then one more 3-app stream per name given.
bench_streams() {
	local def i name
	echo "app register --name src --type source --uri docker:bench/src:1.0.0"
	echo "app register --name proc --type processor --uri docker:bench/proc:1.0.0"
	echo "app register --name snk --type sink --uri docker:bench/snk:1.0.0"
	echo "stream create s3 --definition \"src | proc | snk\""
	for name in "$@"; do
		echo "stream create $name --definition \"src | proc | snk\""
	done
	def="src"
	for i in $(seq 1 18); do def="$def | p$i: proc"; done
	echo "stream create s20 --definition \"$def | snk\""
}
