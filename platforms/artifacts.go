package platforms

// FileRunner is a deployer, launcher or scheduler that runs apps from files on this machine (file:
// resources), as the local and Cloud Foundry ones do: flow resolves a maven:// app to the file in the Maven
// local repository before it hands the app over, and an http(s):// one too unless the platform fetches URLs
// itself. Platforms that run images only (Kubernetes) do not implement it and refuse other resources.
type FileRunner interface {
	FetchesURLs() bool
}
