module github.com/cloudfoundry/go-cfclient/v3

go 1.23.0

require golang.org/x/oauth2 v0.30.0
